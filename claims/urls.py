from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.story_list, name="story_list"),
    path("stories/<int:story_id>/", views.story_detail, name="story_detail"),
    path("stories/<int:story_id>/compare/", views.compare, name="compare"),
    path("articles/<int:article_id>/", views.article_detail, name="article_detail"),
    path("upload/", views.upload, name="upload"),
]
