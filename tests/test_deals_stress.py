"""Tests for moneyloop.deals.stress (company scale and observed strain), on hand-made graphs with answers worked out by hand."""

from __future__ import annotations

import math

from deals_fixtures import FIN
from moneyloop import deals as dl


def test_company_scale_prefers_full_year_then_quarter_times_four():
    s = dl.company_scale(FIN, ["cloud", "chips", "bank"]).set_index("company_id")
    assert s.loc["cloud", "revenue_usd_bn"] == 60 and s.loc["cloud", "rpo_usd_bn"] == 600
    assert s.loc["chips", "revenue_usd_bn"] == 40  # 10 × 4
    assert math.isnan(s.loc["bank", "revenue_usd_bn"])
