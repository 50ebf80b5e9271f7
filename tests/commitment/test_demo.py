

def test_every_demo_case_and_task_page_renders(app, client):
    from app.accounts.models import User
    from app.supervision.models import SupervisionTask
    load_all(app)
    approver = db.session.scalar(select(User).where(User.username == "demo_approver"))
    supervisor = db.session.scalar(select(User).where(User.username == "demo_supervisor"))
    for user, urls in (
        (approver, ["/commitment/", "/commitment/new", "/"] +
         [f"/commitment/{i}" for i in db.session.scalars(select(CommitmentCase.id))]),
        (supervisor, ["/supervision/", "/"] +
         [f"/supervision/{i}" for i in db.session.scalars(select(SupervisionTask.id))]),
    ):
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
