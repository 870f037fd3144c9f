"""Where merged stories went: saved links to a story merged away lead to the story it joined."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0005_story_clustering_search'),
    ]

    operations = [
        migrations.CreateModel(
            name='StoryRedirect',
            fields=[
                ('old_id', models.PositiveBigIntegerField(help_text="the removed story's id", primary_key=True, serialize=False)),
                ('title', models.CharField(help_text="the removed story's title", max_length=500)),
                ('slug', models.SlugField(db_index=False, max_length=120)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('story', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='redirects', to='claims.story')),
            ],
        ),
    ]
