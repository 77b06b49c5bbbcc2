import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppConfig, ConfigurationError } from '@app/platform';
import { AppModule } from './app.module';
import { API_REFERENCE_PATH, configureApp } from './app.setup';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(), {
    bufferLogs: true,
    bodyParser: false,
  });
  configureApp(app);
  const port = app.get(AppConfig).get('PORT');
  await app.listen(port);
  const url = (await app.getUrl()).replace('[::1]', 'localhost');
  console.log(`HelloBooks API listening on ${url} — API reference at ${url}${API_REFERENCE_PATH}`);
  if (process.env.npm_lifecycle_event === 'start') stopWithParent(() => app.close());
}

/**
 * Under `npm start` the server, and the embedded PostgreSQL it owns, stop when npm does: also when npm was killed
 * without forwarding a signal, which would otherwise leave both running and the port taken.
 */
function stopWithParent(close: () => Promise<void>): void {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    console.error('npm start has stopped; shutting down.');
    void close().finally(() => process.exit(0));
  }, 1000);
  watch.unref();
}

bootstrap().catch((error: unknown) => {
  // A bad configuration is one clear line, not a stack trace.
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
