{#
    The conformed (vendor-neutral) entities: every vendor folder models/staging/<vendor>/ provides
    int_<vendor>__<entity> for each entity below, ending in `select {{ conform('<entity>') }} from final`,
    so all vendors deliver identical columns and types. Shared models union them with union_vendors().
    Keys are <source_system>:<connection>:<native id> (macro ats_key); every row carries source_system and
    connection. Timestamps are naive UTC. No demographic columns anywhere.
#}
{% macro conformed_columns(entity) -%}
    {%- set common = [['source_system', 'string'], ['connection', 'string']] -%}
    {%- set entities = {
        'applications': [
            ['application_key', 'string'], ['application_id', 'string'],
            ['candidate_key', 'string'], ['job_key', 'string'], ['source_key', 'string'],
            ['current_job_stage_key', 'string'], ['referrer_user_key', 'string'],
            ['recruiter_user_key', 'string'], ['coordinator_user_key', 'string'],
            ['is_prospect', 'boolean'],
            ['status', 'string'],
            ['rejection_reason_id', 'string'], ['rejection_reason_name', 'string'],
            ['rejection_reason_type', 'string'],
            ['applied_at', 'timestamp'], ['rejected_at', 'timestamp'], ['hire_event_at', 'timestamp'],
            ['last_activity_at', 'timestamp'], ['updated_at', 'timestamp'],
        ],
        'stage_events': [
            ['stage_event_key', 'string'], ['stage_event_id', 'string'],
            ['application_key', 'string'], ['job_stage_key', 'string'],
            ['entered_at', 'timestamp'], ['exited_at', 'timestamp'],
        ],
        'job_stages': [
            ['job_stage_key', 'string'], ['job_stage_id', 'string'], ['job_key', 'string'], ['job_id', 'string'],
            ['stage_name', 'string'], ['stage_type', 'string'], ['stage_order', 'integer'],
            ['is_active', 'boolean'],
        ],
        'jobs': [
            ['job_key', 'string'], ['job_id', 'string'], ['job_title', 'string'], ['job_status', 'string'],
            ['department_key', 'string'], ['requisition_code', 'string'], ['is_confidential', 'boolean'],
            ['opened_at', 'timestamp'], ['closed_at', 'timestamp'], ['created_at', 'timestamp'],
            ['updated_at', 'timestamp'],
        ],
        'openings': [
            ['opening_key', 'string'], ['opening_id', 'string'], ['job_key', 'string'],
            ['opening_code', 'string'], ['opening_status', 'string'], ['close_reason', 'string'],
            ['filled_by_application_key', 'string'], ['opened_at', 'timestamp'], ['closed_at', 'timestamp'],
            ['target_start_date', 'date'],
        ],
        'departments': [
            ['department_key', 'string'], ['department_id', 'string'], ['department_name', 'string'],
            ['parent_department_key', 'string'], ['external_id', 'string'],
        ],
        'users': [
            ['user_key', 'string'], ['user_id', 'string'], ['full_name', 'string'], ['email', 'string'],
            ['employee_id', 'string'], ['is_active', 'boolean'], ['is_site_admin', 'boolean'],
            ['created_at', 'timestamp'], ['updated_at', 'timestamp'],
        ],
        'sources': [
            ['source_key', 'string'], ['source_id', 'string'], ['source_name', 'string'],
            ['source_type', 'string'], ['source_channel', 'string'],
        ],
        'candidates': [
            ['candidate_key', 'string'], ['candidate_id', 'string'], ['first_name', 'string'],
            ['last_name', 'string'], ['company', 'string'], ['title', 'string'], ['email_hash', 'string'],
            ['created_at', 'timestamp'], ['updated_at', 'timestamp'], ['last_activity_at', 'timestamp'],
        ],
        'candidate_educations': [
            ['education_key', 'string'], ['education_id', 'string'], ['candidate_key', 'string'],
            ['school_name', 'string'], ['degree', 'string'], ['discipline', 'string'],
            ['start_date', 'date'], ['end_date', 'date'], ['is_latest', 'boolean'],
        ],
        'candidate_employments': [
            ['employment_key', 'string'], ['employment_id', 'string'], ['candidate_key', 'string'],
            ['company_name', 'string'], ['title', 'string'], ['start_date', 'date'], ['end_date', 'date'],
            ['is_latest', 'boolean'],
        ],
        'candidate_attachments': [
            ['attachment_key', 'string'], ['attachment_id', 'string'], ['candidate_key', 'string'],
            ['application_key', 'string'], ['filename', 'string'], ['attachment_type', 'string'],
            ['created_at', 'timestamp'],
        ],
        'interviews': [
            ['interview_key', 'string'], ['interview_id', 'string'], ['application_key', 'string'],
            ['job_key', 'string'], ['job_stage_key', 'string'], ['interview_name', 'string'],
            ['interview_status', 'string'], ['starts_at', 'timestamp'], ['ends_at', 'timestamp'],
            ['organizer_user_key', 'string'], ['location', 'string'], ['created_at', 'timestamp'],
        ],
        'interviewers': [
            ['interviewer_key', 'string'], ['interview_key', 'string'], ['user_key', 'string'],
            ['response_status', 'string'], ['scorecard_key', 'string'],
        ],
        'scorecards': [
            ['scorecard_key', 'string'], ['scorecard_id', 'string'], ['application_key', 'string'],
            ['interview_key', 'string'], ['interviewer_user_key', 'string'],
            ['recommendation_raw', 'string'], ['recommendation', 'string'],
            ['scorecard_status', 'string'], ['interviewed_at', 'timestamp'], ['submitted_at', 'timestamp'],
            ['created_at', 'timestamp'],
        ],
        'offers': [
            ['offer_key', 'string'], ['offer_id', 'string'], ['application_key', 'string'],
            ['candidate_key', 'string'], ['job_key', 'string'], ['opening_key', 'string'],
            ['offer_version', 'integer'], ['offer_status_raw', 'string'], ['offer_status', 'string'],
            ['sent_at', 'timestamp'], ['resolved_at', 'timestamp'], ['start_date', 'date'],
            ['created_at', 'timestamp'], ['updated_at', 'timestamp'],
        ],
    } -%}
    {%- if entity not in entities -%}
        {{ exceptions.raise_compiler_error("conformed_columns: unknown entity " ~ entity) }}
    {%- endif -%}
    {{ return(common + entities[entity]) }}
{%- endmacro %}

{# The select list of a conformed entity: every contract column, cast, in contract order. #}
{% macro conform(entity) -%}
    {%- for name, logical_type in conformed_columns(entity) %}
    cast({{ name }} as {{ portable_type(logical_type) }}) as {{ name }}{{ "," if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{#
    Zero typed rows of a conformed entity: what a vendor folder's int_<vendor>__<entity> selects when the vendor's
    API does not expose that entity (say why in a comment above the call), so the shared unions stay whole.
#}
{% macro not_exposed(entity) -%}
    select
        {%- for name, logical_type in conformed_columns(entity) %}
        cast(null as {{ portable_type(logical_type) }}) as {{ name }}{{ "," if not loop.last }}
        {%- endfor %}
    where 1 = 0
{%- endmacro %}

{#
    Union int_<vendor>__<entity> over the vendors with connections. No vendor: zero typed rows, so shared
    models still build (and their tests pass) on an empty configuration.
#}
{% macro union_vendors(entity) -%}
    {%- set vendors = ats_vendors() -%}
    {%- if vendors | length == 0 %}
    {{ not_exposed(entity) }}
    {%- endif -%}
    {%- for vendor in vendors %}
    select * from {{ ref('int_' ~ vendor ~ '__' ~ entity) }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}
