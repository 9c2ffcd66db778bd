"""The old component choice gives way to the component row the data migration pointed at;
the programme becomes required and codes unique within it."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0003_commune'),
        ('priorities', '0004_programme_required'),
        ('workstreams', '0005_workstream_programme_data'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='workstream',
            name='workstreams_workstream_component_valid',
        ),
        migrations.RemoveField(model_name='historicalworkstream', name='component'),
        migrations.RenameField(
            model_name='historicalworkstream', old_name='component_ref', new_name='component'
        ),
        migrations.RemoveField(model_name='workstream', name='component'),
        migrations.RenameField(
            model_name='workstream', old_name='component_ref', new_name='component'
        ),
        migrations.AlterField(
            model_name='historicalworkstream',
            name='code',
            field=models.CharField(max_length=20, validators=[django.core.validators.RegexValidator('^[A-Z0-9]{2,8}-[0-9]{2,3}$', "Le code s'écrit en majuscules, un tiret et un numéro, par exemple CSC-01.")], verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='historicalworkstream',
            name='component',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='priorities.component', verbose_name="composante du projet d'adaptation"),
        ),
        migrations.AlterField(
            model_name='workstream',
            name='code',
            field=models.CharField(max_length=20, validators=[django.core.validators.RegexValidator('^[A-Z0-9]{2,8}-[0-9]{2,3}$', "Le code s'écrit en majuscules, un tiret et un numéro, par exemple CSC-01.")], verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='workstream',
            name='component',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='workstreams', to='priorities.component', verbose_name="composante du projet d'adaptation"),
        ),
        migrations.AlterField(
            model_name='workstream',
            name='programme',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='workstreams', to='priorities.programme', verbose_name='programme'),
        ),
        migrations.AddConstraint(
            model_name='workstream',
            constraint=models.UniqueConstraint(fields=('programme', 'code'), name='workstreams_workstream_unique_code', violation_error_message='Ce code de chantier existe déjà dans ce programme.'),
        ),
    ]
