# Cap — production image: gunicorn serving Django, static files by WhiteNoise.
# Two stages: the build stage installs the locked dependencies (pip --require-hashes) into
# a virtual environment and collects the static files; the final stage copies them with the
# application code only (.dockerignore keeps tests, benchmarks and docs out of the image).
# Debian 13 (trixie) carries postgresql-client 17, the version of the compose database,
# which `manage.py backup` and `restore` call (pg_dump / pg_restore).
ARG PYTHON_IMAGE=python:3.13-slim-trixie

FROM ${PYTHON_IMAGE} AS build
ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# Every locked dependency comes as a wheel: no compiler nor headers in this stage.
RUN python -m venv /opt/venv
# The project's metadata is built outside /app, so no build leftovers reach the image.
COPY requirements.lock pyproject.toml /src/
RUN /opt/venv/bin/pip install --require-hashes -r /src/requirements.lock \
    && /opt/venv/bin/pip install --no-deps --no-build-isolation /src
WORKDIR /app
COPY . .
RUN DEBUG=false SECRET_KEY=build-only ALLOWED_HOSTS=localhost \
    /opt/venv/bin/python manage.py collectstatic --noinput

FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH
# WeasyPrint (the point d'étape's PDF) needs Pango and HarfBuzz subset at run time;
# DejaVu is the font it embeds (every French character and the weather icons). The LDAP
# login (ldap3) is pure Python: no OpenLDAP library.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client-17 \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 cap
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
RUN mkdir -p /app/var /app/media /backups && chown -R cap:cap /app/var /app/media /backups

USER cap
EXPOSE 8000
CMD ["gunicorn", "cap2021.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
