// Test helpers and fixtures for the domain's specs and for the workflow and API tests that drive it.
export { refusal } from './shared/refusal';
export * as contractFixtures from './contract/__fixtures__/contract.fixtures';
export * as tenderFixtures from './tender/__fixtures__/tender.fixtures';
