import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Anonymous, IdentityService, InternalApi, Tenant } from '@app/auth';
import { InternalAnswer, type TenantContext } from '@app/platform';
import { LoginDto, RegisterDto } from './auth.dto';
import { ProfileAnswer, SessionAnswer } from './answers.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @InternalAnswer('Register a user, with a new org and entity it owns', SessionAnswer, { errors: [409, 429] })
  @Post('register')
  @Anonymous()
  register(@Body() body: RegisterDto, @Ip() clientAddress: string) {
    return this.identity.register(body, clientAddress);
  }

  @InternalAnswer('Sign in', SessionAnswer, { errors: [401, 429] })
  @Post('login')
  @HttpCode(200)
  @Anonymous()
  login(@Body() body: LoginDto, @Ip() clientAddress: string) {
    return this.identity.login(body, clientAddress);
  }

  @InternalAnswer('The signed-in user, tenant and memberships', ProfileAnswer)
  @Get('me')
  @InternalApi()
  me(@Tenant() tenant: TenantContext) {
    return this.identity.profile(tenant);
  }
}
