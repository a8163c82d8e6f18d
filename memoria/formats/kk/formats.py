# Django ships Kazakh translations but no Kazakh date formats; without these,
# dates would read in the English order ("Ақп. 1, 2025").
DATE_FORMAT = "j F Y ж."
YEAR_MONTH_FORMAT = "F Y ж."
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "j F Y ж. H:i"
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
