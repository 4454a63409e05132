import { Module } from '@nestjs/common';
import { DueItemsController } from './due-items/due-items.controller';
import { DueItemsRepository } from './due-items/due-items.repository';
import { GovernanceLogController } from './governance-log/governance-log.controller';
import { GovernanceLogRepository } from './governance-log/governance-log.repository';
import { PaymentsComplianceController } from './payments/payments-compliance.controller';
import { PaymentsComplianceRepository } from './payments/payments-compliance.repository';
import { PlanTrackerController } from './plan-tracker/plan-tracker.controller';
import { PlanTrackerRepository } from './plan-tracker/plan-tracker.repository';
import { ScorecardsController } from './scorecards/scorecards.controller';
import { ScorecardsRepository } from './scorecards/scorecards.repository';

/** The read side of the process projections: one controller and repository per read model. */
@Module({
  controllers: [ScorecardsController, DueItemsController, PlanTrackerController, GovernanceLogController, PaymentsComplianceController],
  providers: [ScorecardsRepository, DueItemsRepository, PlanTrackerRepository, GovernanceLogRepository, PaymentsComplianceRepository],
})
export class ReadModelsModule {}
