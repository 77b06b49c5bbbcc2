import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MarketplaceModule } from '@app/marketplace';
import { AppConfig } from '@app/platform';
import { DenyUndeclaredGuard } from './access/deny-undeclared.guard';
import { MarketplaceTokenIssuer } from './access/marketplace-jwt.issuer';
import { MarketplaceJwtStrategy } from './access/marketplace-jwt.strategy';
import { PublicApiGuard } from './access/public-api.guard';
import { createRateLimitStorage, PUBLIC_RATE_LIMIT_STORAGE, PublicRateLimiter } from './access/public-rate-limiter';
import { RoutePolicies } from './access/route-policies';
import { UserJwtGuard } from './access/user-jwt.guard';
import { MembershipCache } from './access/membership-cache';
import { UserJwtStrategy } from './access/user-jwt.strategy';
import { DemoTenant } from './demo/demo-tenant';
import { BusinessEntity, Membership, Org, User } from './identity/identity.entities';
import { IdentityService } from './identity/identity.service';
import { LoginThrottle } from './identity/login-throttle';
import { PasswordHashing } from './identity/password-hashing';
import { ConsentScreen } from './oauth/consent-screen';
import { OAuthTokenService } from './oauth/oauth-token.service';
import { UserTokenIssuer } from './tokens/user-token.issuer';

@Module({
  imports: [
    DiscoveryModule,
    PassportModule,
    // No default key: each issuer names its audience's key (AppConfig.tokenSigningKey).
    JwtModule.register({ signOptions: { algorithm: 'HS256' } }),
    TypeOrmModule.forFeature([Org, BusinessEntity, User, Membership]),
    MarketplaceModule,
  ],
  providers: [
    IdentityService,
    LoginThrottle,
    PasswordHashing,
    UserTokenIssuer,
    UserJwtStrategy,
    MembershipCache,
    UserJwtGuard,
    MarketplaceJwtStrategy,
    MarketplaceTokenIssuer,
    OAuthTokenService,
    ConsentScreen,
    PublicApiGuard,
    PublicRateLimiter,
    { provide: PUBLIC_RATE_LIMIT_STORAGE, inject: [AppConfig], useFactory: createRateLimitStorage },
    RoutePolicies,
    DemoTenant,
    { provide: APP_GUARD, useClass: DenyUndeclaredGuard },
  ],
  exports: [
    IdentityService,
    RoutePolicies,
    UserJwtGuard,
    PublicApiGuard,
    PublicRateLimiter,
    OAuthTokenService,
    ConsentScreen,
    DemoTenant,
    JwtModule,
    MarketplaceModule,
  ],
})
export class AuthModule {}
