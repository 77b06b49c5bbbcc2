import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Anonymous, IdentityService, InternalApi, Tenant } from '@app/auth';
import type { TenantContext } from '@app/platform';
import { LoginDto, RegisterDto } from './auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Post('register')
  @Anonymous()
  register(@Body() body: RegisterDto) {
    return this.identity.register(body);
  }

  @Post('login')
  @HttpCode(200)
  @Anonymous()
  login(@Body() body: LoginDto) {
    return this.identity.login(body);
  }

  @Get('me')
  @InternalApi()
  me(@Tenant() tenant: TenantContext) {
    return this.identity.profile(tenant);
  }
}
