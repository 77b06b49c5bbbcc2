export * from './report.dto';
export * from './report.models';
export * from './report-arithmetic';
export * from './manufacturing-reports.service';
export * from './manufacturing-reports.module';
