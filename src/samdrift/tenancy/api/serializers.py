from rest_framework import serializers

from ..models import Collaboration, Department, Member, Population, Unit

READ_ONLY = ["id", "version", "created", "updated"]


class CollaborationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Collaboration
        fields = [*READ_ONLY, "name", "legal_form", "host_member", "start_date", "organisation_number", "description"]
        read_only_fields = READ_ONLY


class MemberSerializer(serializers.ModelSerializer):
    county = serializers.CharField(read_only=True)

    class Meta:
        model = Member
        fields = [*READ_ONLY, "collaboration", "scb_code", "name", "county", "joined_on", "left_on"]
        read_only_fields = READ_ONLY
        extra_kwargs = {"name": {"required": False}}


class PopulationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Population
        fields = [*READ_ONLY, "member", "year", "inhabitants", "employees", "reference_date", "source"]
        read_only_fields = READ_ONLY


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = [*READ_ONLY, "member", "name", "code", "is_active"]
        read_only_fields = READ_ONLY


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = [*READ_ONLY, "collaboration", "name", "code", "description", "email", "is_active"]
        read_only_fields = READ_ONLY
