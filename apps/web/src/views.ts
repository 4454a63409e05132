import type { NestExpressApplication } from '@nestjs/platform-express';
import nunjucks from 'nunjucks';
import path from 'node:path';

/** The console's templates, beside src/ (and dist/ once built). */
export const viewsDirectory = path.resolve(__dirname, '..', 'views');
const govukTemplates = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');

const london = 'Europe/London';
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: london });
const instantFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: london });
const poundsFormat = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** A calendar day (`2026-12-07`) or an instant, as GOV.UK writes dates: 7 December 2026. */
export const formatDay = (value: unknown): string => {
  if (typeof value !== 'string' || value === '') return '';
  // A bare day is that day wherever the reader is; an instant is the London day it fell on.
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return Number.isNaN(date.getTime()) ? value : dayFormat.format(date);
};

export const formatInstant = (value: unknown): string => {
  if (typeof value !== 'string' || value === '') return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : instantFormat.format(date);
};

export const formatPence = (value: unknown): string => (typeof value === 'number' ? poundsFormat.format(value / 100) : '');

/** `contract-manager`, `SubmitReturn`, `risk.inspections.requires-improvement` → words a person reads. */
export const humanise = (value: unknown): string => {
  if (typeof value !== 'string') return '';
  const words = value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[-_.]/g, ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The GOV.UK tag colour for a rating: green, amber (yellow) or red, and the KPI bands' four levels. */
export const ratingClass = (rating: unknown): string =>
  ({ green: 'govuk-tag--green', good: 'govuk-tag--green', amber: 'govuk-tag--yellow', 'approaching-target': 'govuk-tag--yellow', red: 'govuk-tag--red', 'requires-improvement': 'govuk-tag--orange', inadequate: 'govuk-tag--red' })[
    String(rating)
  ] ?? 'govuk-tag--grey';

export const configureViews = (app: NestExpressApplication): void => {
  const environment = nunjucks.configure([viewsDirectory, govukTemplates], {
    autoescape: true,
    express: app.getHttpAdapter().getInstance(),
    throwOnUndefined: false,
  });
  environment.addFilter('day', formatDay);
  environment.addFilter('instant', formatInstant);
  environment.addFilter('pounds', formatPence);
  environment.addFilter('humanise', humanise);
  environment.addFilter('ratingClass', ratingClass);
  app.setBaseViewsDir(viewsDirectory);
  app.setViewEngine('njk');
};
