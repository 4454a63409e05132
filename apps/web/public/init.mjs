// Progressive enhancement only: every page and form works without it. GOV.UK Frontend's components add their
// behaviour (the error summary takes focus, buttons ignore double clicks, details open on older browsers).
import { initAll } from '/govuk/govuk-frontend.min.js';

initAll();
