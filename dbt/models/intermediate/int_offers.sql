{#
    Every offer version of every vendor, with the latest version per application flagged and the resolution
    (accepted / declined / reneged; superseded for older versions; null while unresolved).
#}
with offers as (

    select * from {{ ref('int_offers__unioned') }}

),

ranked as (

    select
        offers.*,
        row_number() over (
            partition by application_key
            order by offer_version desc, created_at desc, offer_key desc
        ) as version_rank
    from offers

)

select
    ranked.*,
    version_rank = 1 as is_latest_version,
    case
        when offer_status in ('accepted', 'declined', 'reneged') then offer_status
        when offer_status = 'deprecated' or version_rank > 1 then 'superseded'
    end as resolution
from ranked
