{#
    One row per opening (a headcount slot of a job). Time to fill: opening opened -> filled (closed with a hire),
    in elapsed hours; null for openings not filled.
#}
with openings as (

    {{ union_vendors('openings') }}

)

select
    openings.*,
    case when openings.close_reason = 'filled' then openings.closed_at end as filled_at,
    case
        when openings.close_reason = 'filled' and openings.closed_at is not null
            then {{ ats_hours_between('openings.opened_at', 'openings.closed_at') }}
    end as hours_to_fill
from openings
