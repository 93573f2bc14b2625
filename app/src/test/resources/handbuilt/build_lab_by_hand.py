"""Builds the lab the way a student does in the AWS Console: with boto3, the lab's names, no labconsole tags.

Used by CheckHandBuiltLabTest to prove that `check` judges what exists, whoever built it.
--break route  points the private subnets' default route at the internet gateway instead of the NAT gateway;
--break port   opens the tasks' port 8000 to the whole internet.
"""
import argparse
import json
import os

import boto3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--lab", required=True)
    parser.add_argument("--model", required=True, help="model folder to upload")
    parser.add_argument("--break", dest="broken", choices=["none", "route", "port"], default="none")
    args = parser.parse_args()
    lab = args.lab
    session = boto3.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1")

    def client(name):
        return session.client(name, endpoint_url=args.endpoint)

    ec2, elb, ecs, logs, iam, s3, ecr, sts = (client(n) for n in
                                               ("ec2", "elbv2", "ecs", "logs", "iam", "s3", "ecr", "sts"))

    def named(kind, name):
        return [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}]}]

    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=named("vpc", f"{lab}-vpc"))["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsSupport={"Value": True})
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"] if z["State"] == "available"][:2]
    subnets = {}
    for name, cidr, zone in (("public-subnet-1", "10.0.1.0/24", zones[0]), ("public-subnet-2", "10.0.2.0/24", zones[1]),
                             ("private-subnet-1", "10.0.3.0/24", zones[0]), ("private-subnet-2", "10.0.4.0/24", zones[1])):
        subnets[name] = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=zone,
                                          TagSpecifications=named("subnet", f"{lab}-{name}"))["Subnet"]["SubnetId"]
    for name in ("public-subnet-1", "public-subnet-2"):
        ec2.modify_subnet_attribute(SubnetId=subnets[name], MapPublicIpOnLaunch={"Value": True})
    igw = ec2.create_internet_gateway(TagSpecifications=named("internet-gateway", f"{lab}-igw"))["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    public_rt = ec2.create_route_table(VpcId=vpc, TagSpecifications=named("route-table", f"{lab}-public-rt"))["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    for name in ("public-subnet-1", "public-subnet-2"):
        ec2.associate_route_table(RouteTableId=public_rt, SubnetId=subnets[name])
    allocation = ec2.allocate_address(Domain="vpc", TagSpecifications=named("elastic-ip", f"{lab}-nat-eip"))["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=subnets["public-subnet-1"], AllocationId=allocation,
                                 TagSpecifications=named("natgateway", f"{lab}-nat"))["NatGateway"]["NatGatewayId"]
    private_rt = ec2.create_route_table(VpcId=vpc, TagSpecifications=named("route-table", f"{lab}-private-rt"))["RouteTable"]["RouteTableId"]
    if args.broken == "route":
        ec2.create_route(RouteTableId=private_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    else:
        ec2.create_route(RouteTableId=private_rt, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    for name in ("private-subnet-1", "private-subnet-2"):
        ec2.associate_route_table(RouteTableId=private_rt, SubnetId=subnets[name])
    alb_sg = ec2.create_security_group(GroupName=f"{lab}-alb-sg", Description="load balancer", VpcId=vpc,
                                       TagSpecifications=named("security-group", f"{lab}-alb-sg"))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=alb_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    task_sg = ec2.create_security_group(GroupName=f"{lab}-task-sg", Description="tasks", VpcId=vpc,
                                        TagSpecifications=named("security-group", f"{lab}-task-sg"))["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=task_sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8000, "UserIdGroupPairs": [{"GroupId": alb_sg}]}])
    if args.broken == "port":
        ec2.authorize_security_group_ingress(GroupId=task_sg, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8000, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])

    tg = elb.create_target_group(Name=f"{lab}-tg", Protocol="HTTP", Port=8000, VpcId=vpc, TargetType="ip",
                                 HealthCheckPath="/health")["TargetGroups"][0]["TargetGroupArn"]
    alb = elb.create_load_balancer(Name=f"{lab}-alb", Subnets=[subnets["public-subnet-1"], subnets["public-subnet-2"]],
                                   SecurityGroups=[alb_sg], Scheme="internet-facing", Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
    elb.create_listener(LoadBalancerArn=alb, Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
    logs.create_log_group(logGroupName=f"/ecs/{lab}")
    logs.put_retention_policy(logGroupName=f"/ecs/{lab}", retentionInDays=7)

    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
        "Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    task_role = iam.create_role(RoleName=f"{lab}-task-role", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    account = sts.get_caller_identity()["Account"]
    bucket = f"{lab}-models-{account}-us-east-1"
    iam.put_role_policy(RoleName=f"{lab}-task-role", PolicyName="read-model", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/models/*"},
            {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": f"arn:aws:s3:::{bucket}"}]}))
    execution_role = iam.create_role(RoleName=f"{lab}-execution-role", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    try:
        iam.attach_role_policy(RoleName=f"{lab}-execution-role",
                               PolicyArn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
    except iam.exceptions.NoSuchEntityException:
        # The emulator has no AWS managed policies: grant the same actions inline, as a student could.
        iam.put_role_policy(RoleName=f"{lab}-execution-role", PolicyName="ecs-task-execution",
                            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{
                                "Effect": "Allow", "Resource": "*", "Action": [
                                    "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability",
                                    "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage",
                                    "logs:CreateLogStream", "logs:PutLogEvents"]}]}))

    s3.create_bucket(Bucket=bucket)
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    model_name = os.path.basename(os.path.normpath(args.model))
    for file in sorted(os.listdir(args.model)):
        s3.upload_file(os.path.join(args.model, file), bucket, f"models/{model_name}/{file}")
    repository = ecr.create_repository(repositoryName=lab, imageScanningConfiguration={"scanOnPush": True},
                                       encryptionConfiguration={"encryptionType": "AES256"})["repository"]["repositoryUri"]

    with open(os.path.join(os.path.dirname(__file__), "image-manifest.json"), encoding="utf-8") as f:
        ecr.put_image(repositoryName=lab, imageManifest=f.read(), imageTag="latest")  # what docker push leaves

    cluster = ecs.create_cluster(clusterName=f"{lab}-cluster")["cluster"]["clusterArn"]
    task = ecs.register_task_definition(
        family=lab, requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="1024", memory="3072",
        runtimePlatform={"operatingSystemFamily": "LINUX", "cpuArchitecture": "X86_64"},
        taskRoleArn=task_role, executionRoleArn=execution_role,
        containerDefinitions=[{
            "name": lab, "image": f"{repository}:latest", "essential": True,
            "portMappings": [{"containerPort": 8000, "protocol": "tcp"}],
            "environment": [{"name": "MODEL_URI", "value": f"s3://{bucket}/models/{model_name}/"},
                            {"name": "PORT", "value": "8000"}],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": f"/ecs/{lab}", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs"}}}],
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.create_service(cluster=cluster, serviceName=f"{lab}-service", taskDefinition=task, desiredCount=2,
                       launchType="FARGATE",
                       networkConfiguration={"awsvpcConfiguration": {
                           "subnets": [subnets["private-subnet-1"], subnets["private-subnet-2"]],
                           "securityGroups": [task_sg], "assignPublicIp": "DISABLED"}},
                       loadBalancers=[{"targetGroupArn": tg, "containerName": lab, "containerPort": 8000}])
    print(json.dumps({"vpc": vpc, "nat": nat, "alb": alb}))


if __name__ == "__main__":
    main()
