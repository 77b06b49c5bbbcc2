/** `GET /public/v1/health`. */
export class PublicHealthAnswer {
  status!: 'ok';
  /** The server's time, ISO 8601. */
  time!: string;
}

export class CallerApp {
  id!: string;
  name!: string;
}

/** `GET /public/v1/me`: the install behind the token. */
export class PublicMeAnswer {
  installId!: string;
  clientId!: string;
  app!: CallerApp;
  orgId!: string;
  entityId!: string;
  /** The scopes in force: the token's and the install's current ones. */
  scopes!: string[];
  tokenExpiresAt!: Date;
}
