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
