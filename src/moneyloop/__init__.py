"""The AI Money Loop: data loading, analysis, charts and figures for the report."""

__version__ = "1.2.0"
REPORT_TITLE = "The AI Money Loop"
# No public repository address exists yet, so the report is named by a stable identifier, never an invented URL.
REPORT_ID = "ai-money-loop"
REPORT_ADDRESS = f"{REPORT_TITLE} (project id: {REPORT_ID}, version {__version__})"
LICENSE_CONTENT = "CC BY 4.0"  # text, figures and data
LICENSE_CONTENT_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_CODE = "MIT"  # the moneyloop package, tests and build code
