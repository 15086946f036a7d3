"""zzgx-plan: indicator tracker for 郑州高新区培育壮大市场主体工作方案（2023-2025年）."""

__version__ = "0.1.0"
