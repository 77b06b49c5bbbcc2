import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { AuthController } from './auth.controller';
import { OrgsController } from './orgs.controller';

/** The HelloBooks frontend's routes: user session tokens, camelCase JSON. */
@Module({
  imports: [AuthModule],
  controllers: [AuthController, OrgsController],
})
export class InternalModule {}
