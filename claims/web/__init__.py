"""The browser side: thin views by page family, their forms, and in `render/`
the Python renderers and page cache they use. May import selectors, services,
roles and models; nothing else in `claims` imports from here.
"""
