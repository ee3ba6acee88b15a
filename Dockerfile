# syntax=docker/dockerfile:1

# ---- build: .NET SDK + Node.js/npm (front-end assets are installed by npm and copied by LibMan during the build) ----
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
WORKDIR /src
COPY . .
RUN --mount=type=cache,id=webcrm-nuget,target=/root/.nuget/packages \
    --mount=type=cache,id=webcrm-npm,target=/root/.npm \
    dotnet publish src/WebCrm.Web/WebCrm.Web.csproj -c Release -o /app/publish -p:UseAppHost=false

# ---- runtime: ASP.NET Core only ----
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# DejaVu Sans: the font PDF reports embed (Cyrillic and the rouble sign).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/publish .
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
USER $APP_UID
ENTRYPOINT ["dotnet", "WebCrm.Web.dll"]
