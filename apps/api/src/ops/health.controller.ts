import { Controller, Get, HttpStatus } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Anonymous } from '@app/auth';
import { ApiError, InternalAnswer } from '@app/platform';
import { DataSource } from 'typeorm';
import { LivenessAnswer, ReadinessAnswer } from './health.dto';

/** Probes for load balancers and orchestrators. */
@ApiTags('ops')
@Controller()
@Anonymous()
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Liveness: the process answers. */
  @InternalAnswer('Liveness probe', LivenessAnswer)
  @Get('healthz')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: the database answers too. */
  @InternalAnswer('Readiness probe: the database answers', ReadinessAnswer, { errors: [503] })
  @Get('readyz')
  async ready() {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'service_unavailable', 'The database is not reachable.');
    }
    return { status: 'ok', database: 'ok' };
  }
}
