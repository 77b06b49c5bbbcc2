import { IsUUID } from 'class-validator';

export class OutputItemParams {
  @IsUUID()
  itemId!: string;
}
