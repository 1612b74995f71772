{#
    Restricted, unsuppressed (read by dei_adverse_impact, which suppresses). One row per block (connection x scope
    x stage x dimension) and reported group: its selection rate against the reference group - the highest rate
    among groups with at least var dei_min_reference_applicants applicants (default 5; any group when none has) -
    with the statistics of analytics.md section 4: impact ratio and four-fifths flag, Fisher's exact p (and mid-P),
    pooled two-proportion z and its two-sided p, the test the small-sample rule picks (Fisher when the two
    groups together have fewer than var dei_fisher_below_n = 30 applicants or an expected cell count is below 5,
    else z), Holm-adjusted p over the
    family (connection, scope type, dimension), shortfall, flip-N and a label.
#}
{%- set alpha = var('dei_alpha', 0.05) %}
{%- set fisher_below = var('dei_fisher_below_n', 30) %}
{%- set min_reference = var('dei_min_reference_applicants', 5) %}
with cells as (

    select * from {{ ref('int_dei__cells') }}

),

groups as (

    select
        block_key, cell_row_id, source_system, connection, scope_type, scope_key, stage, stage_order, step,
        dimension, row_name as group_name, applicants, selected,
        cast(selected as {{ ats_type_double() }}) / applicants as selection_rate
    from cells
    where row_kind = 'group' and applicants > 0

),

totals as (

    select block_key, cell_row_id as reported_cell_row_id, applicants as reported_applicants,
           selected as reported_selected
    from cells where row_kind = 'total_reported'

),

reference as (

    select block_key, group_name as reference_group, cell_row_id as reference_cell_row_id,
           applicants as reference_applicants,
           selected as reference_selected, selection_rate as reference_rate
    from (
        select
            groups.*,
            row_number() over (
                partition by block_key
                order by case when applicants >= {{ min_reference }} then 0 else 1 end,
                         selection_rate desc, applicants desc, group_name
            ) as rank_in_block
        from groups
    ) ranked
    where rank_in_block = 1

),

paired as (

    select
        groups.*,
        reference.reference_group,
        reference.reference_cell_row_id,
        reference.reference_applicants,
        reference.reference_selected,
        reference.reference_rate,
        totals.reported_cell_row_id,
        totals.reported_applicants,
        totals.reported_selected,
        groups.group_name = reference.reference_group as is_reference,
        {{ dbt.concat(['groups.block_key', "'|'", 'groups.group_name']) }} as table_id
    from groups
    inner join reference on groups.block_key = reference.block_key
    inner join totals on groups.block_key = totals.block_key

),

tables_ as (

    select table_id, applicants as n1, selected as x1, reference_applicants as n2, reference_selected as x2
    from paired
    where not is_reference
        and applicants + reference_applicants <= (select max(n) from {{ ref('int_dei__log_factorials') }})

),

fisher as (

    {{ dei_fisher_exact('tables_') }}

),

tested as (

    select
        paired.*,
        fisher.fisher_p,
        fisher.fisher_mid_p,
        {{ dei_two_proportion_z('paired.applicants', 'paired.selected', 'paired.reference_applicants',
                                'paired.reference_selected') }} as z_score,
        -- FCCM small-sample rule: Fisher under n < 30 or when an expected count of the 2x2 table is below 5
        -- (the normal approximation behind z is unreliable there); z otherwise.
        case
            when paired.applicants + paired.reference_applicants < {{ fisher_below }} then 'fisher'
            when least(paired.applicants, paired.reference_applicants)
                 * least(paired.selected + paired.reference_selected,
                         paired.applicants + paired.reference_applicants - paired.selected - paired.reference_selected)
                 < 5.0 * (paired.applicants + paired.reference_applicants) then 'fisher'
            else 'z'
        end as test_used
    from paired
    left join fisher on paired.table_id = fisher.table_id

),

with_p as (

    select
        tested.*,
        case when z_score is not null then 2 * ({{ dei_normal_tail('z_score') }})
             when not is_reference then 1.0 end as z_p,
        case
            when is_reference then null
            when test_used = 'fisher' then fisher_p
            else coalesce(2 * ({{ dei_normal_tail('z_score') }}), 1.0)
        end as p_value
    from tested

),

holm as (

    select
        with_p.*,
        count(p_value) over (partition by connection, scope_type, dimension) as family_size,
        row_number() over (
            partition by connection, scope_type, dimension order by p_value, table_id
        ) as family_rank
    from with_p

),

adjusted as (

    select
        holm.*,
        case when p_value is not null then
            least(1.0, max(case when p_value is not null then (family_size - family_rank + 1) * p_value end) over (
                partition by connection, scope_type, dimension
                order by p_value, table_id rows between unbounded preceding and current row
            ))
        end as p_adjusted,
        case when p_value is not null then {{ alpha }} / (family_size - family_rank + 1) end as critical_p
    from holm

),

flagged as (

    select
        adjusted.*,
        coalesce(p_adjusted < {{ alpha }} and selection_rate < reference_rate, false) as is_significant
    from adjusted

),

-- flip-N: the fewest changed selections of the group (one more each when significant, one fewer each when not)
-- that change the conclusion: raw p against this row's Holm critical level, rate below the reference's. Only the
-- flips that can change it are tried: a significant group stops being so at the latest when its rate passes the
-- reference's; a group can only become significant with its rate below the reference's.
flip_ranges as (

    select
        flagged.*,
        {%- set reference_share = 'cast(flagged.applicants * flagged.reference_selected as ' ~ ats_type_double() ~ ') / flagged.reference_applicants' %}
        case when flagged.is_significant then 1
             else greatest(1, flagged.selected - cast(ceil({{ reference_share }}) as {{ dbt.type_bigint() }}) + 1)
        end as first_flip,
        case when flagged.is_significant
             then least(flagged.applicants - flagged.selected,
                        cast(floor({{ reference_share }}) as {{ dbt.type_bigint() }}) - flagged.selected + 1)
             else flagged.selected
        end as last_flip
    from flagged
    where flagged.p_value is not null

),

candidates as (

    select
        flips.table_id,
        -- an integer id per candidate table (cell_row_id is unique per comparison; a flip is below 2^20)
        flips.cell_row_id * 1048576 + flips.n as candidate_id,
        flips.is_significant,
        flips.test_used,
        flips.critical_p,
        flips.n as flip,
        flips.applicants as n1,
        case when flips.is_significant then flips.selected + flips.n else flips.selected - flips.n end as x1,
        flips.reference_applicants as n2,
        flips.reference_selected as x2
    from {{ ats_with_integers_between('select * from flip_ranges', 'r.first_flip', 'r.last_flip',
                                      ref('int_dei__log_factorials')) }} flips

),

candidate_tables as (

    select candidate_id as table_id, n1, x1, n2, x2
    from candidates
    where test_used = 'fisher'

),

candidate_fisher as (

    {{ dei_fisher_exact('candidate_tables') }}

),

candidate_z as (

    select
        candidates.*,
        case when candidates.test_used = 'z'
            then {{ dei_two_proportion_z('candidates.n1', 'candidates.x1', 'candidates.n2', 'candidates.x2') }}
        end as z_score
    from candidates

),

candidate_p as (

    select
        candidate_z.table_id,
        candidate_z.flip,
        candidate_z.is_significant,
        coalesce(
            case when candidate_z.test_used = 'fisher' then candidate_fisher.fisher_p
                 else 2 * ({{ dei_normal_tail('candidate_z.z_score') }})
            end,
            1.0
        ) < candidate_z.critical_p
            and cast(candidate_z.x1 as {{ ats_type_double() }}) / candidate_z.n1
                < cast(candidate_z.x2 as {{ ats_type_double() }}) / candidate_z.n2 as becomes_significant
    from candidate_z
    left join candidate_fisher on candidate_fisher.table_id = candidate_z.candidate_id

),

flips as (

    select table_id, min(flip) as flip_n
    from candidate_p
    where becomes_significant <> is_significant
    group by table_id

)

select
    flagged.block_key,
    flagged.table_id as comparison_id,
    flagged.cell_row_id,
    flagged.reference_cell_row_id,
    flagged.reported_cell_row_id,
    flagged.source_system,
    flagged.connection,
    flagged.scope_type,
    flagged.scope_key,
    flagged.stage,
    flagged.stage_order,
    flagged.step,
    flagged.dimension,
    flagged.group_name,
    flagged.applicants,
    flagged.selected,
    flagged.selection_rate,
    flagged.is_reference,
    flagged.reference_group,
    flagged.reference_applicants,
    flagged.reference_selected,
    flagged.reference_rate,
    flagged.reported_applicants,
    flagged.reported_selected,
    case when flagged.reference_rate > 0 then flagged.selection_rate / flagged.reference_rate end as impact_ratio,
    coalesce(not flagged.is_reference and flagged.reference_rate > 0
             and flagged.selection_rate / flagged.reference_rate < 0.8, false) as is_below_four_fifths,
    flagged.test_used,
    flagged.fisher_p,
    flagged.fisher_mid_p,
    flagged.z_score,
    flagged.z_p,
    flagged.p_value,
    flagged.p_adjusted,
    flagged.family_size,
    flagged.is_significant,
    cast(flagged.reported_selected as {{ ats_type_double() }}) / flagged.reported_applicants * flagged.applicants
        - flagged.selected as shortfall,
    case when flagged.p_value is not null then flips.flip_n end as flip_n,
    case
        when flagged.is_reference then 'reference'
        when flagged.p_value is null then 'not_tested'
        when flagged.is_significant and flagged.selection_rate / nullif(flagged.reference_rate, 0) < 0.8
            and coalesce(flips.flip_n, {{ 10 ** 9 }}) >= 2 then 'adverse_impact'
        when flagged.is_significant then 'significant'
        when flagged.selection_rate / nullif(flagged.reference_rate, 0) < 0.8 then 'four_fifths_only'
        else 'ok'
    end as label
from flagged
left join flips on flagged.table_id = flips.table_id
