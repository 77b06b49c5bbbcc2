import { ApiUuid } from '@app/platform';
/** `GET /public/v1/health`. */
export class HealthCheckAnswer {
  status!: 'ok';
  /** The server's time, ISO 8601. */
  time!: string;
}

export class CallerApp {
  @ApiUuid()
  id!: string;
  name!: string;
}

/** `GET /public/v1/me`: the install behind the token. */
export class InstallCallerAnswer {
  @ApiUuid()
  installId!: string;
  clientId!: string;
  app!: CallerApp;
  @ApiUuid()
  orgId!: string;
  @ApiUuid()
  entityId!: string;
  /** The scopes in force: the token's and the install's current ones. */
  scopes!: string[];
  tokenExpiresAt!: Date;
}
