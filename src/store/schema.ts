/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many
 * have run. Add a migration to change the schema; never edit a shipped one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    strategy TEXT NOT NULL,
    strategy_file TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    config_json TEXT NOT NULL,
    data_source TEXT NOT NULL,
    data_fingerprint TEXT NOT NULL,
    code_version TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
    error TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    first_date TEXT,
    last_date TEXT
  );
  CREATE TABLE daily (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    nav REAL NOT NULL,
    gross_return REAL NOT NULL,
    net_return REAL NOT NULL,
    cost REAL NOT NULL,
    turnover REAL NOT NULL,
    gross_exposure REAL NOT NULL,
    net_exposure REAL NOT NULL,
    predicted_vol REAL,
    positions INTEGER NOT NULL,
    PRIMARY KEY (run_id, date)
  ) WITHOUT ROWID;
  CREATE TABLE holdings (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    asset TEXT NOT NULL,
    weight REAL NOT NULL,
    PRIMARY KEY (run_id, date, asset)
  ) WITHOUT ROWID;
  CREATE TABLE trades (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    asset TEXT NOT NULL,
    weight REAL NOT NULL,
    cost REAL NOT NULL,
    reason TEXT NOT NULL
  );
  CREATE INDEX trades_run_date ON trades (run_id, date);
  CREATE TABLE rebalances (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    execute_date TEXT,
    status TEXT NOT NULL,
    backend TEXT,
    solve_ms REAL NOT NULL,
    objective REAL,
    universe INTEGER NOT NULL,
    planned_turnover REAL NOT NULL,
    predicted_vol REAL,
    PRIMARY KEY (run_id, date)
  ) WITHOUT ROWID;
  CREATE TABLE targets (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    asset TEXT NOT NULL,
    weight REAL NOT NULL,
    PRIMARY KEY (run_id, date, asset)
  ) WITHOUT ROWID;
  CREATE TABLE fits (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    factors_json TEXT NOT NULL,
    factor_cov_json TEXT NOT NULL,
    fitted_assets INTEGER NOT NULL,
    dropped_assets INTEGER NOT NULL,
    mean_r2 REAL,
    PRIMARY KEY (run_id, date)
  ) WITHOUT ROWID;
  CREATE TABLE fit_assets (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    asset TEXT NOT NULL,
    alpha REAL NOT NULL,
    specific_var REAL NOT NULL,
    r2 REAL NOT NULL,
    observations INTEGER NOT NULL,
    PRIMARY KEY (run_id, date, asset)
  ) WITHOUT ROWID;
  CREATE TABLE fit_loadings (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    asset TEXT NOT NULL,
    factor TEXT NOT NULL,
    loading REAL NOT NULL,
    PRIMARY KEY (run_id, date, asset, factor)
  ) WITHOUT ROWID;
  CREATE TABLE events (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX events_run_date ON events (run_id, date);
  CREATE TABLE summary (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    metric TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, metric)
  ) WITHOUT ROWID;
  `,
  `
  ALTER TABLE fits ADD COLUMN dropped_dates INTEGER;
  ALTER TABLE fits ADD COLUMN covariance_method TEXT;
  ALTER TABLE fits ADD COLUMN shrinkage REAL;
  ALTER TABLE fits ADD COLUMN specific_var_floor REAL;
  ALTER TABLE fits ADD COLUMN floored_assets INTEGER;
  ALTER TABLE fits ADD COLUMN condition_index REAL;
  ALTER TABLE fits ADD COLUMN warnings_json TEXT;
  CREATE TABLE fit_factors (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    factor TEXT NOT NULL,
    mean_return REAL,
    t_stat REAL,
    lags INTEGER NOT NULL,
    median_abs_loading_t REAL,
    ic REAL,
    ic_t_stat REAL,
    PRIMARY KEY (run_id, date, factor)
  ) WITHOUT ROWID;
  CREATE TABLE fit_factor_returns (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    bar_date TEXT NOT NULL,
    factor TEXT NOT NULL,
    value REAL,
    PRIMARY KEY (run_id, date, bar_date, factor)
  ) WITHOUT ROWID;
  CREATE TABLE fit_evaluations (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    fit_date TEXT NOT NULL,
    through TEXT NOT NULL,
    bars INTEGER NOT NULL,
    bias_stat REAL,
    mean_asset_bias REAL,
    ic_json TEXT NOT NULL,
    PRIMARY KEY (run_id, fit_date)
  ) WITHOUT ROWID;
  `,
  `
  ALTER TABLE summary ADD COLUMN reason TEXT;
  CREATE TABLE data_issues (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    check_name TEXT NOT NULL,
    asset TEXT NOT NULL,
    date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    value REAL,
    policy TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX data_issues_run ON data_issues (run_id, check_name);
  `,
  `
  ALTER TABLE rebalances ADD COLUMN relaxed_json TEXT;
  ALTER TABLE rebalances ADD COLUMN vol_scale REAL;
  ALTER TABLE rebalances ADD COLUMN duality_gap REAL;
  `,
  `
  CREATE TABLE attribution (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    factor TEXT NOT NULL,
    contribution REAL NOT NULL,
    PRIMARY KEY (run_id, date, factor)
  ) WITHOUT ROWID;
  `,
  `
  CREATE TABLE studies (
    id INTEGER PRIMARY KEY,
    strategy TEXT NOT NULL,
    strategy_file TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    data_source TEXT NOT NULL,
    data_fingerprint TEXT NOT NULL,
    code_version TEXT NOT NULL,
    settings_json TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
    error TEXT,
    started_at TEXT NOT NULL,
    finished_at TEXT
  );
  CREATE TABLE study_tasks (
    study_id INTEGER NOT NULL REFERENCES studies(id),
    trial INTEGER NOT NULL,
    params_json TEXT NOT NULL,
    fold INTEGER NOT NULL,
    sample TEXT NOT NULL CHECK (sample IN ('in', 'out')),
    first_date TEXT NOT NULL,
    last_date TEXT NOT NULL,
    sharpe REAL,
    returns_json TEXT NOT NULL,
    PRIMARY KEY (study_id, trial, fold, sample)
  ) WITHOUT ROWID;
  CREATE TABLE study_folds (
    study_id INTEGER NOT NULL REFERENCES studies(id),
    fold INTEGER NOT NULL,
    selected_trial INTEGER NOT NULL,
    in_sample_sharpe REAL,
    out_of_sample_sharpe REAL,
    PRIMARY KEY (study_id, fold)
  ) WITHOUT ROWID;
  CREATE TABLE study_summary (
    study_id INTEGER NOT NULL REFERENCES studies(id),
    metric TEXT NOT NULL,
    value REAL,
    reason TEXT,
    PRIMARY KEY (study_id, metric)
  ) WITHOUT ROWID;
  `,
  `
  ALTER TABLE studies ADD COLUMN pbo_logits_json TEXT;
  `,
  `
  ALTER TABLE study_tasks ADD COLUMN dates_json TEXT;
  `,
  `
  ALTER TABLE runs ADD COLUMN invested_from TEXT;
  ALTER TABLE runs ADD COLUMN outcome_json TEXT;
  `,
  `
  ALTER TABLE study_tasks ADD COLUMN invested_from TEXT;
  `,
  `
  ALTER TABLE daily ADD COLUMN cash_interest REAL;
  `,
  `
  CREATE TABLE holding_costs (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    date TEXT NOT NULL,
    term TEXT NOT NULL,
    asset TEXT NOT NULL,
    pnl REAL NOT NULL,
    events REAL,
    PRIMARY KEY (run_id, date, term, asset)
  ) WITHOUT ROWID;
  ALTER TABLE daily ADD COLUMN holding_pnl REAL;
  `,
];
