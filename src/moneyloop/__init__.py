"""The AI Money Loop: data loading, analysis, charts and figures for the report."""

__version__ = "1.0.0"
REPORT_TITLE = "The AI Money Loop"
REPORT_URL = "https://github.com/ai-money-loop/ai-money-loop"
