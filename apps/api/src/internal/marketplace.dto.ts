import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MARKETPLACE_SCOPES } from '@app/marketplace';
import { IsOmittable } from '@app/platform';

export class CreateAppDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  /** `https`, or `http://localhost` / `http://127.0.0.1` for development; matched exactly at authorization. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  redirectUris!: string[];

  /** The most an install of the app can be granted. */
  @IsArray()
  @ArrayMaxSize(MARKETPLACE_SCOPES.length)
  @IsIn(MARKETPLACE_SCOPES, { each: true })
  scopes!: string[];
}

export class RateLimitDto {
  @IsInt()
  @Min(1)
  @Max(100_000)
  limit!: number;

  @IsInt()
  @Min(1)
  @Max(86_400)
  windowSeconds!: number;
}

export class UpdateAppDto {
  @IsOmittable()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOmittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  redirectUris?: string[];

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(MARKETPLACE_SCOPES.length)
  @IsIn(MARKETPLACE_SCOPES, { each: true })
  scopes?: string[];

  /** Replaces the default of 120 requests per 60 s for every install of the app; `null` restores the default. */
  @IsOptional()
  @ValidateNested()
  @Type(() => RateLimitDto)
  rateLimit?: RateLimitDto | null;
}
