-- The legacy Neon/Drizzle schema, consolidated from LEGACY.md §1.2-1.4 (the migration files cannot build it:
-- §1.1). This is what `drizzle-kit push` plus 0002-0007 produced. Tests build a legacy database from it.

CREATE EXTENSION IF NOT EXISTS pgcrypto;

CREATE TYPE account_status AS ENUM ('incomplete', 'pending', 'active', 'suspended', 'banned');
CREATE TYPE auth_method AS ENUM ('email', 'wallet', 'social');
CREATE TYPE user_role AS ENUM ('member', 'moderator', 'admin');
CREATE TYPE availability_status AS ENUM ('available', 'open_to_offers', 'unavailable');
CREATE TYPE learning_track AS ENUM ('ai', 'crypto', 'privacy');
CREATE TYPE profile_visibility AS ENUM ('public', 'members', 'private');
CREATE TYPE application_status AS ENUM ('pending', 'approved', 'rejected');
CREATE TYPE project_status AS ENUM ('draft', 'wip', 'completed', 'archived');
CREATE TYPE project_type AS ENUM ('personal', 'bootcamp', 'hackathon', 'work-related', 'freelance', 'bounty');
CREATE TYPE proficiency_level AS ENUM ('beginner', 'intermediate', 'advanced');
CREATE TYPE skill_category AS ENUM ('language', 'framework', 'tool', 'blockchain', 'other');
CREATE TYPE activity_type AS ENUM ('github_commit', 'x_post', 'photo', 'video', 'blog_post', 'workshop_completion',
    'build_in_public', 'code_review', 'custom');
CREATE TYPE difficulty AS ENUM ('beginner', 'intermediate', 'advanced');
CREATE TYPE verification_type AS ENUM ('manual', 'automatic', 'hybrid');
CREATE TYPE activity_status AS ENUM ('draft', 'active', 'paused', 'completed', 'cancelled');
CREATE TYPE submission_status AS ENUM ('pending', 'under_review', 'approved', 'rejected', 'revision_requested', 'distributed');
CREATE TYPE distribution_method AS ENUM ('manual', 'smart_contract', 'claim_portal');
CREATE TYPE distribution_status AS ENUM ('pending', 'processing', 'completed', 'failed', 'cancelled');

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    privy_did varchar(255) NOT NULL CONSTRAINT users_privy_did_unique UNIQUE,
    email varchar(255) CONSTRAINT users_email_unique UNIQUE,
    username varchar(50) CONSTRAINT users_username_unique UNIQUE,
    display_name varchar(100),
    bio text,
    avatar_url varchar(500),
    ext_wallet varchar(42),
    app_wallet varchar(42),
    primary_auth_method auth_method NOT NULL,
    role user_role NOT NULL DEFAULT 'member',
    account_status account_status NOT NULL DEFAULT 'pending',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    privy_metadata jsonb NOT NULL DEFAULT '{}',
    metadata jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT email_format CHECK (email ~* '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$'),
    CONSTRAINT username_format CHECK (username ~* '^[a-z0-9_]{3,50}$'),
    CONSTRAINT ext_wallet_format CHECK (ext_wallet IS NULL OR ext_wallet ~* '^0x[a-fA-F0-9]{40}$'),
    CONSTRAINT app_wallet_format CHECK (app_wallet IS NULL OR app_wallet ~* '^0x[a-fA-F0-9]{40}$')
);
CREATE INDEX idx_users_privy_did ON users (privy_did);
CREATE INDEX idx_users_email ON users (email);
CREATE INDEX idx_users_username ON users (username);
CREATE INDEX idx_users_ext_wallet ON users (ext_wallet) WHERE ext_wallet IS NOT NULL;
CREATE INDEX idx_users_app_wallet ON users (app_wallet) WHERE app_wallet IS NOT NULL;
CREATE INDEX idx_users_account_status ON users (account_status);
CREATE INDEX idx_users_deleted_at ON users (deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX idx_users_primary_auth ON users (primary_auth_method);

CREATE TABLE profiles (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL CONSTRAINT profiles_user_id_unique UNIQUE
        CONSTRAINT profiles_user_fk REFERENCES users (id) ON DELETE CASCADE,
    city varchar(100),
    country varchar(100),
    country_code varchar(2),
    github_username varchar(100),
    twitter_username varchar(100),
    linkedin_url varchar(500),
    telegram_username varchar(100),
    learning_tracks learning_track[],
    profile_visibility profile_visibility NOT NULL DEFAULT 'public',
    availability_status availability_status NOT NULL DEFAULT 'available',
    completed_bounties integer NOT NULL DEFAULT 0,
    total_earnings_usd real NOT NULL DEFAULT 0,
    profile_views integer NOT NULL DEFAULT 0,
    total_pulpa_earned numeric(18, 8) NOT NULL DEFAULT '0',
    activities_completed integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT country_code_format CHECK (country_code IS NULL OR country_code ~* '^[A-Z]{2}$'),
    CONSTRAINT completed_bounties_positive CHECK (completed_bounties >= 0),
    CONSTRAINT total_earnings_positive CHECK (total_earnings_usd >= 0),
    CONSTRAINT profile_views_positive CHECK (profile_views >= 0),
    CONSTRAINT pulpa_earned_positive CHECK (total_pulpa_earned >= 0),
    CONSTRAINT activities_completed_positive CHECK (activities_completed >= 0)
);
CREATE INDEX idx_profiles_user_id ON profiles (user_id);
CREATE INDEX idx_profiles_country_code ON profiles (country_code);
CREATE INDEX idx_profiles_visibility_availability ON profiles (profile_visibility, availability_status);
CREATE INDEX idx_profiles_deleted_at ON profiles (deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX idx_profiles_completed_bounties ON profiles (completed_bounties);
CREATE INDEX idx_profiles_total_earnings ON profiles (total_earnings_usd);
CREATE INDEX idx_profiles_pulpa_earned ON profiles (total_pulpa_earned);
CREATE INDEX idx_profiles_activities_completed ON profiles (activities_completed);

CREATE TABLE programs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name varchar(100) NOT NULL,
    description text NOT NULL,
    program_type varchar(50) NOT NULL,
    start_date timestamptz,
    end_date timestamptz,
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE applications (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL CONSTRAINT applications_user_id_unique UNIQUE
        CONSTRAINT applications_user_fk REFERENCES users (id) ON DELETE SET NULL,
    motivation_text text NOT NULL,
    program_id uuid CONSTRAINT applications_program_id_programs_id_fk REFERENCES programs (id) ON DELETE NO ACTION,
    goal text,
    github_username varchar(100),
    twitter_username varchar(100),
    status application_status NOT NULL DEFAULT 'pending',
    reviewed_by_user_id uuid CONSTRAINT applications_reviewed_by_fk REFERENCES users (id) ON DELETE SET NULL,
    reviewed_at timestamptz,
    review_notes text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_applications_user_id ON applications (user_id);
CREATE INDEX idx_applications_status ON applications (status);
CREATE INDEX idx_applications_reviewed_by ON applications (reviewed_by_user_id);
CREATE INDEX idx_applications_created_at ON applications (created_at);
CREATE INDEX idx_applications_status_created ON applications (status, created_at);

CREATE TABLE invitations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    inviter_user_id uuid NOT NULL CONSTRAINT invitations_inviter_fk REFERENCES users (id) ON DELETE CASCADE,
    redeemer_user_id uuid CONSTRAINT invitations_redeemer_fk REFERENCES users (id) ON DELETE SET NULL,
    invite_code varchar(32) NOT NULL CONSTRAINT invitations_invite_code_unique UNIQUE,
    redeemed_at timestamptz,
    expires_at timestamptz NOT NULL,
    status varchar(20) NOT NULL DEFAULT 'pending',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT invite_code_format CHECK (invite_code ~* '^[A-Za-z0-9_-]{16,32}$')
);
CREATE INDEX idx_invitations_inviter ON invitations (inviter_user_id);
CREATE INDEX idx_invitations_redeemer ON invitations (redeemer_user_id);
CREATE INDEX idx_invitations_code ON invitations (invite_code);
CREATE INDEX idx_invitations_status ON invitations (status);
CREATE INDEX idx_invitations_pending ON invitations (inviter_user_id, status) WHERE status = 'pending';

CREATE TABLE projects (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL CONSTRAINT projects_user_id_users_id_fk REFERENCES users (id) ON DELETE CASCADE,
    title varchar(100) NOT NULL,
    description varchar(280) NOT NULL,
    live_url varchar(500),
    repository_url varchar(500),
    video_url varchar(500),
    logo_url varchar(500),
    image_urls varchar(500)[],
    project_type project_type NOT NULL,
    project_status project_status NOT NULL DEFAULT 'draft',
    display_order integer NOT NULL DEFAULT 0,
    featured boolean NOT NULL DEFAULT false,
    view_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamp,
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT projects_title_length CHECK (char_length(title) >= 5 AND char_length(title) <= 100),
    CONSTRAINT projects_description_length CHECK (char_length(description) >= 20 AND char_length(description) <= 280),
    CONSTRAINT projects_live_url_format CHECK (live_url IS NULL OR live_url ~ '^https?://'),
    CONSTRAINT projects_repository_url_format CHECK (repository_url IS NULL OR repository_url ~ '^https?://'),
    CONSTRAINT projects_video_url_format CHECK (video_url IS NULL OR video_url ~ '^https?://'),
    CONSTRAINT projects_logo_url_format CHECK (logo_url IS NULL OR logo_url ~ '^https?://'),
    CONSTRAINT projects_display_order_check CHECK (display_order >= 0),
    CONSTRAINT projects_view_count_check CHECK (view_count >= 0),
    CONSTRAINT projects_at_least_one_url CHECK (repository_url IS NOT NULL OR video_url IS NOT NULL OR live_url IS NOT NULL)
);
CREATE INDEX idx_projects_user_id ON projects (user_id);
CREATE INDEX idx_projects_status ON projects (project_status);
CREATE INDEX idx_projects_type ON projects (project_type);
CREATE INDEX idx_projects_featured ON projects (featured) WHERE featured = true;
CREATE INDEX idx_projects_display_order ON projects (user_id, display_order);
CREATE INDEX idx_projects_published_at ON projects (published_at) WHERE published_at IS NOT NULL;
CREATE INDEX idx_projects_deleted_at ON projects (deleted_at) WHERE deleted_at IS NULL;

CREATE TABLE skills (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name varchar(50) NOT NULL CONSTRAINT skills_name_unique UNIQUE,
    slug varchar(50) NOT NULL CONSTRAINT skills_slug_unique UNIQUE,
    category skill_category NOT NULL,
    description text,
    icon_url varchar(500),
    usage_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX idx_skills_category ON skills (category);
CREATE INDEX idx_skills_usage_count ON skills (usage_count);

CREATE TABLE user_skills (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL CONSTRAINT user_skills_user_id_users_id_fk REFERENCES users (id) ON DELETE CASCADE,
    skill_id uuid NOT NULL CONSTRAINT user_skills_skill_id_skills_id_fk REFERENCES skills (id) ON DELETE CASCADE,
    proficiency_level proficiency_level NOT NULL DEFAULT 'intermediate',
    project_count integer NOT NULL DEFAULT 0,
    created_at timestamp NOT NULL DEFAULT now(),
    CONSTRAINT unique_user_skill UNIQUE (user_id, skill_id)
);
CREATE INDEX idx_user_skills_user_id ON user_skills (user_id);
CREATE INDEX idx_user_skills_skill_id ON user_skills (skill_id);
CREATE INDEX idx_user_skills_project_count ON user_skills (project_count);

CREATE TABLE project_skills (
    project_id uuid NOT NULL CONSTRAINT project_skills_project_id_projects_id_fk REFERENCES projects (id) ON DELETE CASCADE,
    skill_id uuid NOT NULL CONSTRAINT project_skills_skill_id_skills_id_fk REFERENCES skills (id) ON DELETE CASCADE,
    created_at timestamp NOT NULL DEFAULT now(),
    CONSTRAINT project_skills_project_id_skill_id_pk PRIMARY KEY (project_id, skill_id)
);
CREATE INDEX idx_project_skills_project_id ON project_skills (project_id);
CREATE INDEX idx_project_skills_skill_id ON project_skills (skill_id);

-- PULPA tables: the Drizzle schema version (legacy-pulpa-variant.sql swaps in scripts/create-pulpa-tables.ts).
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
    created_by_user_id uuid NOT NULL CONSTRAINT activities_created_by_fk REFERENCES users (id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT title_length CHECK (char_length(title) >= 5),
    CONSTRAINT description_length CHECK (char_length(description) >= 20),
    CONSTRAINT reward_positive CHECK (reward_pulpa_amount > 0),
    CONSTRAINT max_submissions_positive CHECK (max_submissions_per_user IS NULL OR max_submissions_per_user > 0),
    CONSTRAINT slots_positive CHECK (total_available_slots IS NULL OR total_available_slots > 0),
    CONSTRAINT current_count_positive CHECK (current_submissions_count >= 0)
);
CREATE INDEX idx_activities_status ON activities (status);
CREATE INDEX idx_activities_type ON activities (activity_type);
CREATE INDEX idx_activities_category ON activities (category);
CREATE INDEX idx_activities_created_by ON activities (created_by_user_id);
CREATE INDEX idx_activities_expires_at ON activities (expires_at);
CREATE INDEX idx_activities_deleted_at ON activities (deleted_at) WHERE deleted_at IS NULL;
CREATE INDEX idx_activities_search ON activities USING gin (to_tsvector('english', title || ' ' || description));

CREATE TABLE activity_submissions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    activity_id uuid NOT NULL CONSTRAINT submissions_activity_fk REFERENCES activities (id) ON DELETE CASCADE,
    user_id uuid NOT NULL CONSTRAINT submissions_user_fk REFERENCES users (id) ON DELETE CASCADE,
    submission_url varchar(500),
    evidence_files jsonb NOT NULL DEFAULT '[]',
    submission_text text,
    status submission_status NOT NULL DEFAULT 'pending',
    reviewed_by_user_id uuid CONSTRAINT submissions_reviewed_by_fk REFERENCES users (id) ON DELETE SET NULL,
    review_notes text,
    reviewed_at timestamptz,
    reward_pulpa_amount numeric(18, 8),
    submitted_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT submission_text_length CHECK (submission_text IS NULL OR char_length(submission_text) <= 1000),
    CONSTRAINT submission_reward_positive CHECK (reward_pulpa_amount IS NULL OR reward_pulpa_amount > 0)
);
CREATE INDEX idx_submissions_unique_user_activity ON activity_submissions (activity_id, user_id) WHERE status != 'rejected';
CREATE INDEX idx_submissions_activity ON activity_submissions (activity_id);
CREATE INDEX idx_submissions_user ON activity_submissions (user_id);
CREATE INDEX idx_submissions_status ON activity_submissions (status);
CREATE INDEX idx_submissions_reviewed_by ON activity_submissions (reviewed_by_user_id);
CREATE INDEX idx_submissions_submitted_at ON activity_submissions (submitted_at);
CREATE INDEX idx_submissions_queue ON activity_submissions (status, submitted_at) WHERE status IN ('pending', 'under_review');

CREATE TABLE pulpa_distributions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    submission_id uuid NOT NULL CONSTRAINT distributions_submission_fk REFERENCES activity_submissions (id) ON DELETE CASCADE,
    user_id uuid NOT NULL CONSTRAINT distributions_user_fk REFERENCES users (id) ON DELETE CASCADE,
    activity_id uuid NOT NULL CONSTRAINT distributions_activity_fk REFERENCES activities (id) ON DELETE CASCADE,
    pulpa_amount numeric(18, 8) NOT NULL,
    recipient_wallet varchar(42) NOT NULL,
    chain_id integer NOT NULL DEFAULT 10,
    transaction_hash varchar(66),
    distribution_method distribution_method NOT NULL,
    status distribution_status NOT NULL DEFAULT 'pending',
    distributed_by_user_id uuid NOT NULL CONSTRAINT distributions_distributed_by_fk REFERENCES users (id) ON DELETE RESTRICT,
    error_message text,
    retry_count integer NOT NULL DEFAULT 0,
    initiated_at timestamptz NOT NULL DEFAULT now(),
    distributed_at timestamptz,
    confirmed_at timestamptz,
    metadata jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT distribution_pulpa_positive CHECK (pulpa_amount > 0),
    CONSTRAINT wallet_format CHECK (recipient_wallet ~* '^0x[a-fA-F0-9]{40}$'),
    CONSTRAINT tx_hash_format CHECK (transaction_hash IS NULL OR transaction_hash ~* '^0x[a-fA-F0-9]{64}$'),
    CONSTRAINT retry_count_positive CHECK (retry_count >= 0)
);
CREATE INDEX idx_distributions_submission_unique ON pulpa_distributions (submission_id);
CREATE INDEX idx_distributions_user ON pulpa_distributions (user_id);
CREATE INDEX idx_distributions_activity ON pulpa_distributions (activity_id);
CREATE INDEX idx_distributions_status ON pulpa_distributions (status);
CREATE INDEX idx_distributions_tx_hash ON pulpa_distributions (transaction_hash);
CREATE INDEX idx_distributions_distributed_by ON pulpa_distributions (distributed_by_user_id);
CREATE INDEX idx_distributions_distributed_at ON pulpa_distributions (distributed_at);

CREATE TABLE program_activities (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id uuid NOT NULL CONSTRAINT program_activities_program_id_programs_id_fk REFERENCES programs (id) ON DELETE CASCADE,
    activity_id uuid NOT NULL, -- no foreign key, neither in SQL nor in Drizzle (§1.5)
    is_required boolean NOT NULL DEFAULT false,
    order_index integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT program_activities_program_id_activity_id_unique UNIQUE (program_id, activity_id)
);

CREATE TABLE program_enrollments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL CONSTRAINT program_enrollments_user_id_users_id_fk REFERENCES users (id) ON DELETE CASCADE,
    program_id uuid NOT NULL CONSTRAINT program_enrollments_program_id_programs_id_fk REFERENCES programs (id) ON DELETE CASCADE,
    application_id uuid CONSTRAINT program_enrollments_application_id_applications_id_fk REFERENCES applications (id) ON DELETE NO ACTION,
    status varchar(50) NOT NULL DEFAULT 'enrolled',
    enrolled_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    promoted_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT program_enrollments_user_id_program_id_unique UNIQUE (user_id, program_id)
);

CREATE TABLE sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id uuid CONSTRAINT sessions_program_id_programs_id_fk REFERENCES programs (id) ON DELETE CASCADE,
    title varchar(200) NOT NULL,
    description text,
    session_type varchar(50) NOT NULL DEFAULT 'in-person',
    session_date timestamptz NOT NULL,
    duration varchar(50),
    location text,
    instructors jsonb DEFAULT '[]',
    materials jsonb DEFAULT '[]',
    is_active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}'
);

CREATE TABLE session_activities (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    session_id uuid NOT NULL CONSTRAINT session_activities_session_id_sessions_id_fk REFERENCES sessions (id) ON DELETE CASCADE,
    activity_id uuid NOT NULL CONSTRAINT session_activities_activity_id_activities_id_fk REFERENCES activities (id) ON DELETE CASCADE,
    order_index integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT session_activities_session_id_activity_id_unique UNIQUE (session_id, activity_id)
);

CREATE TABLE attendance (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL CONSTRAINT attendance_user_id_users_id_fk REFERENCES users (id) ON DELETE CASCADE,
    session_id uuid NOT NULL CONSTRAINT attendance_session_id_sessions_id_fk REFERENCES sessions (id) ON DELETE CASCADE,
    program_id uuid CONSTRAINT attendance_program_id_programs_id_fk REFERENCES programs (id) ON DELETE SET NULL,
    marked_by uuid NOT NULL CONSTRAINT attendance_marked_by_users_id_fk REFERENCES users (id) ON DELETE NO ACTION,
    status varchar(50) NOT NULL,
    notes text,
    marked_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}',
    CONSTRAINT attendance_user_id_session_id_unique UNIQUE (user_id, session_id)
);

CREATE TABLE events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    program_id uuid REFERENCES programs (id) ON DELETE SET NULL,
    title varchar(300) NOT NULL,
    description text,
    cover_image text,
    luma_url text NOT NULL,
    luma_event_id varchar(100),
    luma_slug varchar(100),
    event_type varchar(50) NOT NULL DEFAULT 'in-person',
    start_date timestamptz NOT NULL,
    end_date timestamptz,
    timezone varchar(100) DEFAULT 'America/Mexico_City',
    location text,
    location_details text,
    location_url text,
    coordinates jsonb,
    hosts jsonb DEFAULT '[]',
    calendar varchar(100),
    status varchar(20) NOT NULL DEFAULT 'upcoming',
    is_published boolean NOT NULL DEFAULT false,
    is_featured boolean NOT NULL DEFAULT false,
    registration_count integer DEFAULT 0,
    max_capacity integer,
    registration_type varchar(50) DEFAULT 'free',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    metadata jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX events_status_idx ON events (status);
CREATE INDEX events_start_date_idx ON events (start_date);
CREATE INDEX events_program_id_idx ON events (program_id);
CREATE INDEX events_is_published_idx ON events (is_published);
CREATE INDEX events_luma_slug_idx ON events (luma_slug);

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
