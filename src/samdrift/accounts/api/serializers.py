from rest_framework import serializers

from ..models import RoleAssignment, User


class RoleAssignmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleAssignment
        fields = ["id", "role", "collaboration", "member", "department", "unit"]


class UserSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True)
    # The viewset prefetches only the assignments the caller may see.
    roles = RoleAssignmentSerializer(source="role_assignments", many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", *User.PROFILE_FIELDS, "full_name", "roles"]


class ObtainTokenSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False, write_only=True)
    name = serializers.CharField(max_length=100, required=False, default="API")
    expires = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="The last day the token works; null for no expiry. Default: SAMDRIFT_API_TOKEN_DEFAULT_DAYS from today.",
    )


class NewTokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The key, shown only this once. Send it as 'Authorization: Token <key>'.")
    id = serializers.IntegerField()
    name = serializers.CharField()
    expires = serializers.DateTimeField(allow_null=True)
