"""Story clustering signals, keyword search, and flags that belong to their sentences."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.deletion
import pgvector.django.vector
from django.db import migrations, models


def flags_to_sentences(apps, schema_editor):  # noqa: ANN001, ANN201 (migration signature)
    Flag = apps.get_model("claims", "Flag")
    for flag in Flag.objects.select_related("alignment").iterator():
        flag.sentence_a_id = flag.alignment.sentence_a_id
        flag.sentence_b_id = flag.alignment.sentence_b_id
        flag.save(update_fields=["sentence_a", "sentence_b"])


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_article_queue"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="entities",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="lead_embedding",
            field=pgvector.django.vector.VectorField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="story",
            name="centroid",
            field=pgvector.django.vector.VectorField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="story",
            name="entities",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="story",
            name="published_from",
            field=models.DateField(blank=True, db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="story",
            name="published_to",
            field=models.DateField(blank=True, db_index=True, null=True),
        ),
        migrations.AddField(
            model_name="story",
            name="title_edited",
            field=models.BooleanField(default=False),
        ),
        migrations.RunSQL(
            "CREATE INDEX story_centroid_hnsw ON claims_story "
            "USING hnsw ((centroid::vector(384)) vector_cosine_ops) WHERE vector_dims(centroid) = 384",
            reverse_sql="DROP INDEX IF EXISTS story_centroid_hnsw",
        ),
        migrations.AddField(
            model_name="sentence",
            name="search",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.SearchVector("text", config="english"),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="sentence",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search"], name="sentence_search_gin"),
        ),
        migrations.AddField(
            model_name="flag",
            name="sentence_a",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="claims.sentence"
            ),
        ),
        migrations.AddField(
            model_name="flag",
            name="sentence_b",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="claims.sentence"
            ),
        ),
        migrations.RunPython(flags_to_sentences, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="flag",
            name="sentence_a",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="claims.sentence"
            ),
        ),
        migrations.AlterField(
            model_name="flag",
            name="sentence_b",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="claims.sentence"
            ),
        ),
        migrations.AlterField(
            model_name="flag",
            name="alignment",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="flags",
                to="claims.alignment",
            ),
        ),
    ]
