"""The Laporan SKM as files: a workbook (openpyxl) and a printable report (ReportLab).

Both are drawn from the same SkmReport as the JSON, so the three never disagree. The PDF
follows the shape of the report PermenPANRB 14/2017 asks for: the figures per element,
the index and its grade, who answered, whether the sample was large enough, what the
citizens wrote, and a follow-up plan for the weakest elements, left for the unit to fill
in and sign.
"""

from queue_server.laporan_skm.printable import pdf
from queue_server.laporan_skm.workbook import workbook

__all__ = ["pdf", "workbook"]
