import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { DatasetIdParams } from '@huitong/contracts';
import { errors, typed } from '../../platform/http/route-helpers.ts';
import type { DatasetMigrationService } from './dataset-migration.service.ts';
import type { DatasetsService } from './datasets.service.ts';

const Nullable = Type.Union([Type.String(), Type.Null()]);
const MigrationState = Type.Object({ problem: Nullable, versionId: Nullable, at: Nullable });

export function datasetMigrationRoutes(datasets: DatasetsService, migrations: DatasetMigrationService) {
  return async function routes(fastify: FastifyInstance): Promise<void> {
    const app = typed(fastify);
    app.get(
      '/api/datasets/:id/migration',
      { schema: { tags: ['datasets'], summary: '按新版目录调整数据表的问题 (why the newest published version could not migrate the table; null when in step)', params: DatasetIdParams, response: { 200: MigrationState, ...errors } } },
      async (request) => {
        // Same scope as the dataset itself: 404 for another department.
        await datasets.detail(request.actor, request.params.id);
        return migrations.problem(request.params.id);
      },
    );
  };
}
