{#
    How an application moved from one stage visit to the next, by funnel position in its plan: re_entered (same
    stage again), advanced (next funnel stage), skipped_ahead (past at least one), moved_back, or moved (a stage
    outside the funnel, e.g. unmapped).
#}
{% macro ats_stage_move_kind(from_position, from_stage, to_position, to_stage) -%}
    case
        when {{ to_stage }} = {{ from_stage }} then 're_entered'
        when {{ to_position }} is null or {{ from_position }} is null then 'moved'
        when {{ to_position }} = {{ from_position }} + 1 then 'advanced'
        when {{ to_position }} > {{ from_position }} + 1 then 'skipped_ahead'
        when {{ to_position }} < {{ from_position }} then 'moved_back'
        else 're_entered'
    end
{%- endmacro %}

{#
    Whether an application reached a canonical stage of its plan, given the application's furthest funnel
    position and visited-stages mask (int_application_plans) and the plan stage (int_application_plan_stages):
    - reached_strict: it visited a stage of that canonical stage;
    - reached_imputed: it visited that stage or a later funnel stage (skipped stages count as reached);
    - next_reached_strict / next_reached_imputed: the same for the next canonical stage of the plan; after the
      plan's last stage the next one is 'hired', reached when the application is hired.
    One definition for the per-application view and the aggregated funnel.
#}
{% macro ats_stage_reached(flag, application, stage) -%}
    {%- if flag == 'reached_strict' -%}
        {{ ats_has_bit(application ~ '.visited_stages_mask', stage ~ '.canonical_order') }}
    {%- elif flag == 'reached_imputed' -%}
        coalesce({{ application }}.furthest_position >= {{ stage }}.first_position, false)
    {%- elif flag == 'next_reached_strict' -%}
        case
            when {{ stage }}.next_canonical_order is null then {{ application }}.is_hired
            else {{ ats_has_bit(application ~ '.visited_stages_mask', stage ~ '.next_canonical_order') }}
        end
    {%- elif flag == 'next_reached_imputed' -%}
        case
            when {{ stage }}.next_first_position is null then {{ application }}.is_hired
            else coalesce({{ application }}.furthest_position >= {{ stage }}.next_first_position, false)
        end
    {%- else -%}
        {{ exceptions.raise_compiler_error("ats_stage_reached: unknown flag " ~ flag) }}
    {%- endif -%}
{%- endmacro %}
