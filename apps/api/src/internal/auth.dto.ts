import { IsEmail, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @IsString()
  @MaxLength(1024)
  password!: string;

  /** The org to sign in to; the user's first membership when absent. */
  @IsOptional()
  @IsUUID()
  orgId?: string;

  /** The entity to sign in to; the user's first membership (in `orgId`, when given) when absent. */
  @IsOptional()
  @IsUUID()
  entityId?: string;
}

export class RegisterDto {
  @IsEmail()
  @MaxLength(320)
  email!: string;

  /** At least 12 characters. */
  @IsString()
  @MinLength(12)
  @MaxLength(1024)
  password!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  orgName!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  entityName!: string;
}

export class CreateEntityDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}

export class OrgParams {
  @IsUUID()
  orgId!: string;
}
