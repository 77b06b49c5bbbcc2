import { IsUUID } from 'class-validator';

/** `:id` of a tenant resource; a malformed id is a `400`, an id of another tenant a `404`. */
export class IdParams {
  @IsUUID()
  id!: string;
}
