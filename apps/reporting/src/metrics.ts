import type { INestApplication } from '@nestjs/common';
import { Gauge, type Registry } from 'prom-client';
import type { ReportingConfig } from './config';
import { ProjectionLatency } from './consumer/projection-latency';
import { Pipeline } from './projections/pipeline';
import { projectionLag } from './projections/projection-lag';
import { Projectors } from './projections/projectors';
import { ProjectionsRepository } from './projections/projections.repository';

/**
 * Each projection's consumer lag, measured when scraped the way GET /projections measures it: messages on the topic
 * after the last one the projection handled. A scrape while Kafka is unreachable fails rather than report a stale 0.
 */
export const registerProjectionLag = (registry: Registry, app: INestApplication, config: ReportingConfig): void => {
  // How late events reach the projections, as the consumer observes each (see ProjectionLatency).
  registry.registerMetric(app.get(ProjectionLatency).histogram);
  const pipeline = app.get(Pipeline);
  const projectors = app.get(Projectors);
  const repository = app.get(ProjectionsRepository);
  new Gauge({
    name: 'cls_projection_lag_events',
    help: 'Messages on the events topic a projection has not handled yet',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      const topic = config.KAFKA_TOPIC_CONTRACT_EVENTS;
      const [positions, offsets, watermarks] = await Promise.all([repository.positions(), repository.offsets(topic), pipeline.watermarks()]);
      for (const { projection, lagEvents } of projectionLag(projectors.names, positions, offsets, watermarks, new Date())) {
        this.set({ projection }, lagEvents);
      }
    },
  });
};
