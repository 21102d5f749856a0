from rest_framework import serializers

from ..models import Article


class ArticleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = [
            "id",
            "version",
            "collaboration",
            "title",
            "body",
            "keywords",
            "visibility",
            "member",
            "service",
            "is_published",
            "revision",
            "created",
            "updated",
        ]
        read_only_fields = ["version", "revision", "created", "updated"]
