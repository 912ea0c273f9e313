/** Tolerances and conventions shared by every stage. */

/** A weight vector satisfies a constraint when it is violated by at most this much. */
export const CONSTRAINT_TOLERANCE = 1e-8;

/** Basis points per unit. */
export const BPS = 1e-4;

/** Trading days a year for a calendar that trades on weekends (crypto). */
export const DAYS_PER_YEAR_CONTINUOUS = 365;

/** Trading days a year for a business-day calendar (equities). */
export const DAYS_PER_YEAR_BUSINESS = 252;
