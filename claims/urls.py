from django.urls import path

from claims import upload_views, views

app_name = "claims"

urlpatterns = [
    path("", views.story_list, name="story_list"),
    path("stories/<int:story_id>/", views.story_detail, name="story_detail"),
    path("stories/<int:story_id>/compare/", views.compare, name="compare"),
    path("articles/<int:article_id>/", views.article_detail, name="article_detail"),
    path("upload/", upload_views.upload, name="upload"),
    path("articles/<int:article_id>/restore/", upload_views.article_restore, name="article_restore"),
    path("articles/<int:article_id>/retry/", upload_views.article_retry, name="article_retry"),
]
