/** `GET /healthz`: the process answers. */
export class LivenessAnswer {
  status!: 'ok';
}

/** `GET /readyz`: the database answers too. */
export class ReadinessAnswer {
  status!: 'ok';
  database!: 'ok';
}
