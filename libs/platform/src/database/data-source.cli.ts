import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/**
 * The DataSource of the TypeORM CLI (`npm run migration:generate|run|revert`), against `DATABASE_URL`. The server
 * itself builds its DataSource in DatabaseModule, where the embedded database can also be started.
 */
if (!process.env.DATABASE_URL) {
  throw new Error('Set DATABASE_URL to the database the migration command should work on.');
}

export default new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  namingStrategy: new SnakeNamingStrategy(),
  entities: ['libs/*/src/**/*.entities.ts', 'libs/*/src/**/*.entity.ts'],
  migrations: MIGRATIONS,
  synchronize: false,
});
