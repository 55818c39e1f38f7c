-- TPC-H Q14: promotion effect.
-- The validation substitution parameters (TPC-H spec, section 2.4). Databricks SQL that DuckDB
-- also runs unchanged.
select 100.00 * sum(case when p_type like 'PROMO%'
                         then l_extendedprice * (1 - l_discount) else 0 end)
       / sum(l_extendedprice * (1 - l_discount)) as promo_revenue
from lineitem, part
where l_partkey = p_partkey and l_shipdate >= date '1995-09-01'
  and l_shipdate < date '1995-09-01' + interval '1' month
