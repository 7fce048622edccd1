# The Let's Chat image: built with the SDK, run on the ASP.NET runtime as the image's unprivileged "app" user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so that a code change does not download the packages again.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY LetsChat.Components/LetsChat.Components.csproj LetsChat.Components/
COPY LetsChat.Server/LetsChat.Server.csproj LetsChat.Server/
RUN dotnet restore LetsChat.Server/LetsChat.Server.csproj
COPY LetsChat.Components/ LetsChat.Components/
COPY LetsChat.Server/ LetsChat.Server/
RUN dotnet publish LetsChat.Server/LetsChat.Server.csproj --configuration Release --no-restore --output /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS final
WORKDIR /app
COPY --from=build /app ./
# App_Data holds the SQLite file and data protection keys when no PostgreSQL or Redis is configured.
RUN mkdir -p /app/App_Data && chown "$APP_UID" /app/App_Data
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080
# A thousand open tabs keep many of the shared pool's 4 KB arrays in use at once (each WebSocket receive and each render
# batch's strings rent one). With the default of 32 per core the pool runs dry and every miss is a new array for the
# GC: a larger pool halves the bytes allocated per delivered message. The benchmark's hosts run with these DOTNET_
# settings too.
ENV DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION=256
EXPOSE 8080
# The runtime image has bash but no curl: ask /health over bash's own TCP redirection.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "LetsChat.Server.dll"]
