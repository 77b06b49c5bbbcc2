import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
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
  register(@Body() body: RegisterDto, @Ip() clientAddress: string) {
    return this.identity.register(body, clientAddress);
  }

  @Post('login')
  @HttpCode(200)
  @Anonymous()
  login(@Body() body: LoginDto, @Ip() clientAddress: string) {
    return this.identity.login(body, clientAddress);
  }

  @Get('me')
  @InternalApi()
  me(@Tenant() tenant: TenantContext) {
    return this.identity.profile(tenant);
  }
}
