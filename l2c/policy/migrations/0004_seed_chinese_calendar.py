"""BR-POL-03: seed China's holidays and make-up workdays from chinese-calendar (its data
ends with 2026; later years are entered by the administrator)."""

from django.db import migrations

NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节", "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarDay = apps.get_model("policy", "CalendarDay")
    CalendarYear = apps.get_model("policy", "CalendarYear")
    existing = set(CalendarDay.objects.values_list("date", flat=True))
    rows = []
    for kind, table in (("holiday", constants.holidays), ("workday", constants.workdays)):
        for day, name in table.items():
            if day not in existing:
                rows.append(CalendarDay(date=day, kind=kind, name=NAMES.get(str(name), str(name)),
                                        source="chinese-calendar"))
    CalendarDay.objects.bulk_create(rows, batch_size=500)
    years = {d.year for d in constants.holidays} | {d.year for d in constants.workdays}
    known = set(CalendarYear.objects.values_list("year", flat=True))
    CalendarYear.objects.bulk_create(
        [CalendarYear(year=y, source="chinese-calendar") for y in sorted(years - known)]
    )


class Migration(migrations.Migration):
    dependencies = [("policy", "0003_working_calendar")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
