"""Enterprise registers (企业名录): named firms, checked and counted by list, park and date, at scale.
The only package that imports pyarrow and numpy.

``data/registers/*.csv`` hold one row per firm per listing (统一社会信用代码, 企业名称, 名录, 园区,
入库日期, 出库日期, 来源文件). The modules, in the order data flows through them:

* :mod:`~zzgx_plan.registers.read` — one file → text columns with line numbers (Arrow fast path, csv fallback);
* :mod:`~zzgx_plan.registers.load` — all files → checked :class:`~zzgx_plan.registers.model.Register`
  plus every problem, located; :mod:`~zzgx_plan.registers.cache` keeps checked registers between runs;
* :mod:`~zzgx_plan.registers.count` — pure counting: stock/flow, per park, firms, reserve cohorts;
* :mod:`~zzgx_plan.registers.plan` — the registers meet the plan (rules, actuals, mismatches, breakdowns);
* :mod:`~zzgx_plan.registers.uscc` — the USCC rule on whole columns; :mod:`~tests.support.synthetic_registers`
  generates test and benchmark registers.

Everything here imports numpy and pyarrow, so nothing here is imported by commands that do not read
registers (``plan status`` without ``--by park`` starts without them). This package file imports nothing.
"""
