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
}

bootstrap().catch((error: unknown) => {
  // A bad configuration is one clear line, not a stack trace.
  console.error(error instanceof ConfigurationError ? error.message : error);
  process.exit(1);
});
