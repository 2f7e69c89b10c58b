-- Applied after legacy-schema.sql: replaces the three PULPA tables with the DDL of scripts/create-pulpa-tables.ts
-- (LEGACY.md §1.5): timestamps without time zone, no CHECK constraints, FKs without ON DELETE, a real
-- UNIQUE(activity_id, user_id) on submissions, nullable evidence_files, and a pulpa_distributions table without
-- recipient_wallet, chain_id, distributed_by_user_id, retry_count, initiated_at and confirmed_at.

DROP VIEW activity_relationships_view;
DROP TABLE pulpa_distributions, activity_submissions, activities CASCADE;

CREATE TABLE activities (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    title varchar(200) NOT NULL,
    description text NOT NULL,
    instructions text,
    activity_type activity_type NOT NULL,
    category varchar(100),
    difficulty difficulty NOT NULL,
    reward_pulpa_amount numeric(18, 8) NOT NULL,
    evidence_requirements jsonb NOT NULL
        DEFAULT '{"url_required": false, "screenshot_required": false, "text_required": false}',
    verification_type verification_type NOT NULL DEFAULT 'manual',
    max_submissions_per_user integer,
    total_available_slots integer,
    current_submissions_count integer NOT NULL DEFAULT 0,
    status activity_status NOT NULL DEFAULT 'draft',
    starts_at timestamptz,
    expires_at timestamptz,
    created_by_user_id uuid NOT NULL REFERENCES users (id),
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now(),
    deleted_at timestamp,
    metadata jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_activities_status ON activities (status);
CREATE INDEX idx_activities_type ON activities (activity_type);
CREATE INDEX idx_activities_created_by ON activities (created_by_user_id);
CREATE INDEX idx_activities_created_at ON activities (created_at DESC);

CREATE TABLE activity_submissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    submission_url varchar(500),
    evidence_files jsonb DEFAULT '[]',
    submission_text text,
    status submission_status NOT NULL DEFAULT 'pending',
    reviewed_by_user_id uuid REFERENCES users (id),
    review_notes text,
    reviewed_at timestamp,
    reward_pulpa_amount numeric(18, 8),
    submitted_at timestamp NOT NULL DEFAULT now(),
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT activity_submissions_activity_user_unique UNIQUE (activity_id, user_id)
);
CREATE INDEX idx_submissions_status ON activity_submissions (status);
CREATE INDEX idx_submissions_user ON activity_submissions (user_id);

CREATE TABLE pulpa_distributions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    submission_id uuid NOT NULL REFERENCES activity_submissions (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    activity_id uuid NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
    pulpa_amount numeric(18, 8) NOT NULL,
    transaction_hash varchar(66),
    distribution_method distribution_method NOT NULL,
    status distribution_status NOT NULL DEFAULT 'pending',
    error_message text,
    distributed_at timestamp NOT NULL DEFAULT now(),
    created_at timestamp NOT NULL DEFAULT now(),
    updated_at timestamp NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT pulpa_distributions_submission_unique UNIQUE (submission_id)
);
CREATE INDEX idx_distributions_user ON pulpa_distributions (user_id);
CREATE INDEX idx_distributions_status ON pulpa_distributions (status);

ALTER TABLE session_activities ADD CONSTRAINT session_activities_activity_id_activities_id_fk
    FOREIGN KEY (activity_id) REFERENCES activities (id) ON DELETE CASCADE;
CREATE VIEW activity_relationships_view AS
SELECT
    a.id AS activity_id,
    a.title AS activity_title,
    a.activity_type,
    a.difficulty,
    a.reward_pulpa_amount,
    a.status,
    pa.program_id AS direct_program_id,
    p1.name AS direct_program_name,
    pa.is_required AS is_program_required,
    pa.order_index AS program_order_index,
    sa.session_id,
    s.title AS session_title,
    s.session_date,
    sa.order_index AS session_order_index,
    s.program_id AS transitive_program_id,
    p2.name AS transitive_program_name,
    COALESCE(pa.program_id, s.program_id) AS effective_program_id,
    COALESCE(p1.name, p2.name) AS effective_program_name,
    CASE
        WHEN pa.program_id IS NOT NULL AND sa.session_id IS NOT NULL THEN 'both'
        WHEN pa.program_id IS NOT NULL THEN 'program'
        WHEN sa.session_id IS NOT NULL AND s.program_id IS NOT NULL THEN 'session_transitive'
        WHEN sa.session_id IS NOT NULL THEN 'session'
        ELSE 'standalone'
    END AS relationship_type,
    a.created_at,
    a.updated_at
FROM activities a
LEFT JOIN program_activities pa ON pa.activity_id = a.id
LEFT JOIN programs p1 ON p1.id = pa.program_id
LEFT JOIN session_activities sa ON sa.activity_id = a.id
LEFT JOIN sessions s ON s.id = sa.session_id
LEFT JOIN programs p2 ON p2.id = s.program_id
WHERE a.deleted_at IS NULL;

COMMENT ON VIEW activity_relationships_view IS
    'One row per activity x program link x session link. relationship_type: both (direct program and session), '
    'program (direct program only), session_transitive (session that belongs to a program), session (standalone '
    'session), standalone (no links).';
